"""Not copied into the image and on no path: not a shadow."""
