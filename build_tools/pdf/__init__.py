"""PDF: print and screen editions of each publication, made with WeasyPrint.

Takes the content model; gives books as HTML (`book`, with parallel text from `parallel`
and image renditions from `images`), rendered and cached PDFs (`render`), and a printer's
preflight of each print PDF (`preflight`, reading PDFs through `scan`). Never imports the
site or the checks.
"""
