"""Site: the public website, built by MkDocs with bdpub's plugin and theme.

Takes the content model, the check results and the manifest of PDFs (as data; the site
never imports the PDF stage); gives site/ through `publish` (a staging build swapped in
atomically), with the plugin's hooks (`plugin`), navigation, listings, the translation
status page, SEO, search, feeds, web images and link-preview cards.
"""
