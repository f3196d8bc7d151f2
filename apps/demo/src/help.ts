import { ENVIRONMENT_VARIABLES } from './config.js';

export const HELP: string = `connectorkit demo: the whole pipeline on embedded services

Usage:
  demo [run] [--documents N] [--follow] [--json] [--plain] [--faults RATE]
      Seed a CouchDB-compatible database with a product catalogue, follow its changes feed,
      publish each change to ARGO Messaging, consume it, push it to Coveo and Exalead
      (setCheckpoint with sync after each batch), apply an inventory partial update, and print
      a summary. --follow reads the whole feed, then keeps listening until Ctrl-C.
  demo serve [--https] [--port-base N]
      Start every embedded service on loopback and print one JSON line with their URLs and
      credentials; runs until SIGINT or SIGTERM.
  demo partial-update --settings settings.json --data newdata.json [--base-url URL]
      The Coveo partial-update tool: prints, for each key, "Found and updated" or "Not found".
  demo partial-update-server [--port N] [--base-url URL]
      The partial-update REST proxy: POST {settings..., newdata} to / and get the same response.
      --base-url sends the Search and Push calls to another origin (the simulator of demo serve).

Options:
  --documents N   catalogue size (default 2000)
  --json          print the summary as JSON (for scripts)
  --plain         plain progress lines even on a terminal
  --faults RATE   inject faults (0..0.5) into every embedded service, e.g. 0.2
  --help          this text

Every embedded service is replaced by a real one when its variables are set:
${ENVIRONMENT_VARIABLES.map(([name, text]) => `  ${name.padEnd(16)} ${text}`).join('\n')}
`;
