"""`openinfinity backup` / `restore`: one archive with the database, the local attachments, the
generated secret key and a manifest (version, migration head, counts, checksums)."""
