"""On PYTHONPATH only in the builder stage: not a shadow at run time."""
