"""Moving a workspace between servers: `import-remote` (any Infinity API v2), `export` and
`import` (archives). One ingest layer (`ingest.py`) writes what a source yields:

- ids are kept where they are free here; where one is taken the object gets a new id and the
  pair is reported (`remapped` in the report), and every reference to it is translated;
- idempotent and resumable: each object is written together with its row in `transfer_objects`
  (run, kind, source id -> id here), in one transaction per batch. A rerun of the same command
  finds the same run (`transfer_runs.key`) and skips what is recorded, so nothing is created twice;
- members are matched by e-mail (created as invited users when unknown), hooks are copied
  inactive, files are copied into this server's storage.

Sources: `remote.py` (paged reads over HTTP, paced by `pacing.py`) and `archive.py`.
"""
