"""HCL, the native syntax of Terraform, read into a located tree (`parser.parse`). A parser layer
only: the Terraform syntax (`cfguard.syntaxes.terraform`) decides what the tree means."""
