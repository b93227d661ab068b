"""Text: reading and writing editor text, with no knowledge of a project.

Takes strings; gives front matter split from a page as MkDocs reads it (`frontmatter`),
Markdown blocks and sections (`blocks`), figures in Vietnamese and English (`numbers`),
old Vietnamese encodings (`legacy`), glossary matching (`glossary`), slugs (`slugs`),
escaping for each context a value lands in (`escape`), the HTML publishing policy
(`policy`) and the guard against Markdown that takes super-linear time (`complexity`).
"""
