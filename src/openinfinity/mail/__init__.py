"""Outgoing mail (invitations, password resets) over SMTP when OPENINFINITY_SMTP_HOST is set;
without it nothing is sent, and the CLI prints the links for the operator to forward."""
