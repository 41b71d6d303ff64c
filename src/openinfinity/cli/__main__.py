from openinfinity.cli.main import app

app(prog_name="openinfinity")
