"""Canal's SDP capture endpoint: serves capture.html and stores what the page POSTs.

GET  /capture.html        the capture page
GET  /offer/NAME          OUTDIR/NAME.sdp, the offer an answering browser sets as remote description
POST /save/NAME           writes the body byte for byte to OUTDIR/NAME.sdp (CRLF kept as sent)
POST /fail/NAME           writes the body to OUTDIR/NAME.fail, so capture.sh can stop waiting
Binds 127.0.0.1 only; capture.sh runs it in a loopback-only network namespace.
"""
import http.server
import os
import re
import sys

PAGE_DIR = os.path.dirname(os.path.abspath(__file__))
NAME = re.compile(r"^[a-z0-9-]+$")


class Handler(http.server.BaseHTTPRequestHandler):
    out_dir = "."

    def _name(self, prefix):
        name = self.path[len(prefix):]
        if not NAME.match(name):
            self.send_error(400, "bad name")
            return None
        return name

    def _reply(self, code, body=b"", ctype="text/plain; charset=utf-8"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.split("?")[0] == "/capture.html":
            with open(os.path.join(PAGE_DIR, "capture.html"), "rb") as f:
                self._reply(200, f.read(), "text/html; charset=utf-8")
        elif self.path.startswith("/offer/"):
            name = self._name("/offer/")
            if name:
                with open(os.path.join(self.out_dir, name + ".sdp"), "rb") as f:
                    self._reply(200, f.read())
        else:
            self._reply(404)

    def do_POST(self):
        for prefix, ext in (("/save/", ".sdp"), ("/fail/", ".fail")):
            if self.path.startswith(prefix):
                name = self._name(prefix)
                if name:
                    body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                    with open(os.path.join(self.out_dir, name + ext), "wb") as f:
                        f.write(body)
                    self._reply(204)
                return
        self._reply(404)

    def log_message(self, fmt, *args):
        sys.stderr.write("capture_server: " + (fmt % args) + "\n")


if __name__ == "__main__":
    port, Handler.out_dir = int(sys.argv[1]), sys.argv[2]
    http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
