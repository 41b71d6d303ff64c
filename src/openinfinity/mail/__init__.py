"""Outgoing mail (invitations) over SMTP when OPENINFINITY_SMTP_HOST is set; without it nothing is
sent and links are logged and printable by the CLI, as before."""
