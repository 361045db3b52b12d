"""Realistic saved web pages built from SciFact abstracts, and a local server for them.

Each page wraps one abstract in the boilerplate of a news or journal site: a cookie banner,
navigation, breadcrumbs, a byline, share buttons, a sidebar of related articles, a newsletter
box and a footer of links, so that extraction has real work to do.
"""

from __future__ import annotations

import html
import random
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

SECTIONS = ["News", "Health", "Science", "Medicine", "Research", "Opinion", "Data", "About"]
FOOTER = [
    "About us", "Contact", "Careers", "Advertise", "Privacy policy", "Terms of use",
    "Cookie settings", "Accessibility", "Sitemap", "RSS feeds", "Corrections", "Newsletters",
]  # fmt: skip
AUTHORS = ["Maria Lopez", "James Chen", "Aisha Bello", "Tom Novak", "Priya Raman", "Lena Vogt"]


def _paragraphs(text: str, rng: random.Random) -> list[str]:
    sentences = [s.strip() for s in text.replace(". ", ".\n").split("\n") if s.strip()]
    paragraphs: list[str] = []
    while sentences:
        take = rng.randint(2, 3)
        paragraphs.append(" ".join(sentences[:take]))
        sentences = sentences[take:]
    return paragraphs


def page_html(record: dict, others: list[dict], rng: random.Random) -> str:
    title = html.escape(record["title"] or "Untitled study")
    author = rng.choice(AUTHORS)
    day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    nav = "".join(f'<li><a href="/section/{s.lower()}">{s}</a></li>' for s in SECTIONS)
    related = "".join(
        f'<li><a href="/article/{o["id"]}.html">{html.escape(o["title"][:90])}</a></li>'
        for o in others
    )
    footer = "".join(f'<li><a href="/{f.lower().replace(" ", "-")}">{f}</a></li>' for f in FOOTER)
    body = "".join(f"<p>{html.escape(p)}</p>" for p in _paragraphs(record["text"], rng))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | The Research Ledger</title>
<meta name="description" content="{title}">
<meta name="author" content="{author}">
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="The Research Ledger">
<meta property="article:published_time" content="{day}T09:00:00Z">
<link rel="stylesheet" href="/static/site.css"><script src="/static/app.js" defer></script>
</head><body>
<div class="cookie-banner">We use cookies to improve your experience. By continuing to browse
you agree to our <a href="/cookies">cookie policy</a>. <button>Accept all</button>
<button>Manage settings</button></div>
<header class="site-header"><a class="logo" href="/">The Research Ledger</a>
<nav class="main-nav"><ul>{nav}</ul></nav>
<form class="search" action="/search"><input name="q" placeholder="Search"></form>
<a href="/subscribe" class="btn">Subscribe</a> <a href="/login">Sign in</a></header>
<nav class="breadcrumbs"><a href="/">Home</a> &rsaquo; <a href="/section/science">Science</a>
&rsaquo; <span>{title[:40]}</span></nav>
<main><article>
<h1>{title}</h1>
<div class="byline">By <a href="/author/{author.lower().replace(" ", "-")}">{author}</a>,
<time datetime="{day}">{day}</time> &middot; {rng.randint(3, 9)} min read</div>
<div class="share"><a href="#">Share on X</a> <a href="#">Facebook</a> <a href="#">LinkedIn</a>
<a href="#">Email</a> <a href="#">Copy link</a></div>
{body}
<p class="tags">Topics: <a href="/tag/research">research</a>, <a href="/tag/health">health</a></p>
</article>
<aside class="sidebar"><h2>Related articles</h2><ul>{related}</ul>
<div class="newsletter"><h3>Get the Ledger in your inbox</h3><p>Our free weekly newsletter
brings you the week's most important research, explained.</p>
<form><input type="email" placeholder="you@example.com"><button>Sign up</button></form></div>
<div class="ad">Advertisement</div></aside></main>
<footer class="site-footer"><ul>{footer}</ul>
<p>&copy; 2025 The Research Ledger Ltd. All rights reserved. Registered in England and Wales.</p>
</footer></body></html>
"""


def write_pages(records: list[dict], folder: Path, seed: int = 7) -> list[Path]:
    """One page per record under `folder/article/ID.html` (rewritten only when missing)."""
    rng = random.Random(seed)
    target = folder / "article"
    target.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for i, record in enumerate(records):
        path = target / f"{record['id']}.html"
        others = [records[(i + k * 37) % len(records)] for k in range(1, 6)]
        text = page_html(record, others, rng)
        if not path.exists():
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PageServer:
    """`python -m http.server` (a ThreadingHTTPServer) on 127.0.0.1 in its own process, so that
    serving does not compete with the pipeline under test for its interpreter lock."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen | None = None

    def __enter__(self) -> PageServer:
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "http.server",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--directory",
                str(self.folder),
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/", timeout=1).read()  # noqa: S310
                return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("the page server did not start")

    def __exit__(self, *exc: object) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None
