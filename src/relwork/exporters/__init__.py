"""Writing relwork records out as files people can share (Markdown for now).

Exported files are private like everything relwork writes: 0600, and any folder
relwork creates for them is 0700, whatever the umask.
"""
