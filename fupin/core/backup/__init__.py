"""Backups and restore (`manage.py backup`, `manage.py restore`; docs/deploy.md, "Backups").

databases.py takes a consistent copy of SQLite or PostgreSQL while writers run and puts it back;
archive.py packs it with the uploaded files and a manifest; sealing.py encrypts the stream.
"""
