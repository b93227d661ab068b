"""Content: the project read once into one model that every later stage reads.

Takes a repository (mkdocs.yml, docs/, data/, git); gives the `Project` and its config
schema (`project`, `schema`), the inventory of files inside the repository boundary
(`files`), publication metadata (`meta`), the `ContentModel` of every page in every
language (`model`), localisation (`localize`), git history (`history`), source and
translation pairs aligned by section and block (`pairs`), stamps (`stamp`), images read as
untrusted data (`image_files`), the editions each publication prints (`editions`), the
plan of every output path (`outputs`) and the site's own Markdown rendering (`render`).
"""
