"""Read and validate bundles and the basemap; every check of the data."""
