"""Never imported: the package comes first."""
