"""The JSON of the AWS CLI and SDKs (`aws cloudfront get-distribution-config` and friends) as a
`cfguard.syntaxes.Syntax` (issue 14). Being built: the parser (`parser`) and its tree (`tree`)
come first; the syntax joins the registry when detection and the adapter are in."""
