"""Live distributions: read-only scans of an AWS account (`cfguard check --aws`) and the
deployed configuration as a baseline (`--baseline-live`).

Only here is boto3 imported, and only when one of those options is given: the core install does
not need it (`pip install 'cfguard[aws]'` adds it). Every call is a CloudFront `List*` or `Get*`
operation; a guard on the client refuses anything else before it is sent.
"""
