"""The yardstick for bench_http: the smallest Flask app, served exactly like PeerMatch."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, world!"
