"""A maintenance helper that never reaches the image's app directory."""
