"""A local sys: `import sys` still gets the built-in module."""
