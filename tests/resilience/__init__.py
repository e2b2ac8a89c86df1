"""The resilience tier (`make test-resilience`): the portal whole under load,
with its services failing, under hostile input and through assistive
technology's checks. README: Reliability and security."""
