"""Stored files, below items: the attachment records, the storage backends, signed links, and the
attachments a value lists (`lookup`). The attachments package (uploads, downloads, garbage
collection, routes) sits above items and builds on this one."""
