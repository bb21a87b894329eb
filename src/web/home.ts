import { html, type RawHtml } from './html.ts';

export interface HomeLink {
  readonly href: string;
  readonly label: string;
  readonly description: string;
}

/** The landing page: what this server offers, with links a newcomer can follow. */
export function homePage(links: readonly HomeLink[], extra: RawHtml = html``): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Barometer</title>
<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}a{color:#0b57d0}li{margin:.4rem 0}</style>
</head>
<body>
<main>
<h1>Barometer</h1>
<p>An open platform for tracking public perceptions over time: survey instruments defined as code,
online collection in the respondent's language, and design-based estimates with honest margins of error.</p>
${extra}
<h2>This server</h2>
<ul>
${links.map((l) => html`<li><a href="${l.href}">${l.label}</a> — ${l.description}</li>`)}
</ul>
</main>
</body>
</html>
`.__html;
}
