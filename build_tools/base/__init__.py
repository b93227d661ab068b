"""Base: what every stage shares and nothing of ours is imported by.

Takes nothing; gives the messages in the editor's language (`messages`), the one exception
family the command line prints without a traceback (`exceptions`), the `path:line: message`
findings every stage reports (`findings`), where bdpub's own files are (`resources`), and process pools that leave no temporary
files behind (`workers`).
"""
