"""What the run saw: the `observer` every exchange passes (predicted, judged, booked), the
`results` book of outcomes, the `transcript` of requests, and each test's `verdicts`."""
