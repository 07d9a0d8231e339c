"""The server load test, in parts: traffic (the requests a chat platform sends, the senders, a level of load
with a reload in it), processes (starting the server and the floors, their CPU from /proc), cpu (CPU per
request against the bare-framework floors), report (the tables). Run it as benchmarks/load.py."""
