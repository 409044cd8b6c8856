"""Pure views of the data: filters, styles from the manifest, URL state, citations, text marking."""
