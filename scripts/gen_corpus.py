#!/usr/bin/env python3
"""Generate deterministic service-code corpora for the logcov throughput benchmark.

For each language (TypeScript, Python, Rust) this writes a tree of service modules
under OUT/<language>/src/: classes or impl blocks with methods that validate input,
call HTTP clients, databases and queues, handle errors (try/catch, except, Err arms,
.catch and map_err callbacks) and log with structured fields through the loggers
logcov recognises (pino, winston, console; logging, structlog, loguru; tracing, log).
Every method is drawn from a set of shapes with random entities, fields, messages and
log styles, so no two files are alike. Next to src/ it writes logcov.toml, an areas/
folder whose areas use every anchor kind (file, function, call, error-handler) with
contexts and a wrapper, and logcov-default.toml, which selects the built-in rules.

The output depends only on --seed and --lines, never on the machine or the clock.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

ENTITIES = [
    "order", "account", "payment", "invoice", "customer", "shipment", "refund",
    "subscription", "product", "cart", "coupon", "ledger_entry", "transfer", "wallet",
    "merchant", "payout", "dispute", "quote", "booking", "reservation", "ticket",
    "vendor", "warehouse", "parcel", "session", "device", "notification", "report",
    "campaign", "lead", "contract", "policy", "claim", "premium", "loan", "deposit",
    "withdrawal", "settlement", "statement", "market",
]

DOMAINS = [
    "billing", "orders", "catalog", "shipping", "identity", "payments", "notifications",
    "analytics", "inventory", "lending", "insurance", "marketing", "support", "risk",
]

FIELDS = [
    "amount", "currency", "status", "region", "channel", "tier", "attempt", "quantity",
    "price", "balance", "reason", "source", "provider", "country", "locale", "plan",
    "score", "priority", "batch_size", "duration_ms", "retry_count", "external_ref",
]

STATUSES = ["pending", "active", "settled", "failed", "cancelled", "archived", "open"]

PROVIDERS = [
    "stripe", "adyen", "paypal", "twilio", "sendgrid", "shippo", "plaid", "segment",
    "hubspot", "salesforce", "zendesk", "fedex", "ups", "dhl", "braintree",
]

VERBS = [
    ("create", "created"), ("update", "updated"), ("cancel", "cancelled"),
    ("approve", "approved"), ("reject", "rejected"), ("archive", "archived"),
    ("settle", "settled"), ("sync", "synced"), ("refresh", "refreshed"),
    ("submit", "submitted"), ("close", "closed"), ("reopen", "reopened"),
]

KINDS = ["service", "client", "repository", "worker", "controller", "gateway"]


def pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def camel(name: str) -> str:
    text = pascal(name)
    return text[0].lower() + text[1:]


def plural(name: str) -> str:
    if name.endswith("y") and not name.endswith("ey"):
        return name[:-1] + "ies"
    if name.endswith("s"):
        return name + "es"
    return name + "s"


PLACEHOLDER = re.compile(r"@([A-Za-z_0-9]+)@")


def fill(template: str, values: dict[str, str]) -> str:
    """Replace each @key@ in `template` with its value, so code braces need no escaping."""

    def substitute(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise KeyError(f"no value for placeholder @{key}@")
        return values[key]

    return PLACEHOLDER.sub(substitute, template)


def names_for(entity: str, rng: random.Random) -> dict[str, str]:
    """Placeholder values for one entity: its spellings and a few random fields."""
    fields = rng.sample(FIELDS, 4)
    verb, done = rng.choice(VERBS)
    return {
        "e": camel(entity),
        "E": pascal(entity),
        "es": camel(plural(entity)),
        "Es": pascal(plural(entity)),
        "s_e": entity,
        "s_es": plural(entity),
        "f1": camel(fields[0]),
        "f2": camel(fields[1]),
        "f3": camel(fields[2]),
        "s_f1": fields[0],
        "s_f2": fields[1],
        "s_f3": fields[2],
        "verb": verb,
        "Verb": pascal(verb),
        "done": done,
        "status": rng.choice(STATUSES),
        "provider": rng.choice(PROVIDERS),
        "timeout": str(rng.choice([500, 1000, 1500, 2500, 5000, 10000])),
        "n": str(rng.randint(2, 6)),
        "delay": str(rng.choice([50, 100, 200, 250, 500])),
        "rate": str(rng.choice(["0.01", "0.015", "0.02", "0.025", "0.03"])),
        "limit": str(rng.choice([10, 25, 50, 100, 250, 500])),
    }


# TypeScript ---------------------------------------------------------------------------

TS_LOG_STYLES = ["pino", "winston"]


def ts_log(style: str, receiver: str, level: str, message: str, fields: str) -> str:
    """Render a log call in the library's argument order: pino puts fields first."""
    if style == "pino":
        return f"{receiver}.{level}({{ {fields} }}, '{message}');"
    return f"{receiver}.{level}('{message}', {{ {fields} }});"


def ts_method(shape: int, v: dict[str, str], style: str, log: str) -> str:
    def lg(level: str, message: str, fields: str) -> str:
        return ts_log(style, log, level, message, fields)

    shapes = [
        lambda: f"""
  /** @Verb@s a @e@ after validating its @f1@. */
  async @verb@@E@(input: @E@Input): Promise<@E@> {{
    if (!input.@f1@) {{
      throw new ValidationError('@f1@ is required');
    }}
    const started = Date.now();
    try {{
      const record = await this.repository.save({{ ...input, status: '@status@' }});
      {lg('info', '@e@ @done@', '@e@Id: record.id, @f1@: input.@f1@, latencyMs: Date.now() - started')}
      return record;
    }} catch (err) {{
      {lg('error', 'failed to @verb@ @e@', 'err, @f1@: input.@f1@')}
      throw err;
    }}
  }}
""",
        lambda: f"""
  async fetch@E@FromProvider(id: string): Promise<@E@ | null> {{
    const url = `${{this.baseUrl}}/@es@/${{id}}`;
    try {{
      const response = await axios.get<@E@>(url, {{ timeout: @timeout@ }});
      if (response.status === 404) {{
        return null;
      }}
      return response.data;
    }} catch (error) {{
      {lg('warn', 'provider request failed', "provider: '@provider@', url, error: (error as Error).message")}
      return null;
    }}
  }}
""",
        lambda: """
  async sync@Es@(ids: string[]): Promise<number> {
    let synced = 0;
    for (const id of ids) {
      try {
        await this.client.push@E@(id);
        synced += 1;
      } catch (e) {
        this.failures.push(id);
      }
    }
    return synced;
  }
""",
        lambda: f"""
  refresh@E@Cache(key: string): void {{
    fetch(`${{this.baseUrl}}/cache/${{key}}`, {{ method: 'POST' }})
      .then((res) => res.json())
      .then((body) => this.cache.set(key, body))
      .catch((err) => {lg('warn', '@e@ cache refresh failed', 'err, key')[:-1]});
  }}
""",
        lambda: """
  compute@E@Fee(amount: number, tier: Tier): number {
    switch (tier) {
      case Tier.Gold:
        return Math.round(amount * @rate@);
      case Tier.Silver:
        return Math.round(amount * (@rate@ + 0.005));
      case Tier.Bronze:
        return Math.max(1, Math.round(amount * (@rate@ + 0.01)));
      default:
        return Math.round(amount * 0.05);
    }
  }
""",
        lambda: f"""
  async set@E@Status(id: string, status: @E@Status): Promise<void> {{
    const before = await prisma.@e@.findUnique({{ where: {{ id }} }});
    if (!before) {{
      throw new NotFoundError(`@e@ ${{id}} not found`);
    }}
    await prisma.@e@.update({{ where: {{ id }}, data: {{ status, updatedAt: new Date() }} }});
    {lg('info', '@e@ status changed', '@e@Id: id, from: before.status, to: status')}
  }}
""",
        lambda: """
  async remove@E@(id: string): Promise<void> {
    try {
      await this.repository.delete(id);
    } catch (cause) {
      throw new NotFoundError(`@e@ ${id} could not be removed`, { cause });
    }
  }
""",
        lambda: f"""
  start@E@Consumer(): void {{
    this.queue.on('@e@.@done@', async (message: QueueMessage) => {{
      const messageLog = {log}.child({{ messageId: message.id, topic: '@e@.@done@' }});
      try {{
        const payload = JSON.parse(message.body) as @E@Event;
        await this.handle@E@Event(payload);
        {ts_log(style, 'messageLog', 'debug', 'message handled', '@e@Id: payload.@e@Id')}
      }} catch (err) {{
        {ts_log(style, 'messageLog', 'error', 'message handling failed', 'err')}
        await this.queue.nack(message);
      }}
    }});
  }}
""",
        lambda: """
  async load@Es@(ids: readonly string[]): Promise<Map<string, @E@>> {
    const rows = await Promise.all(ids.map((id) => this.repository.findById(id)));
    const result = new Map<string, @E@>();
    rows.forEach((row, index) => {
      if (row) {
        result.set(ids[index], row);
      } else {
        console.warn(`missing @e@ ${ids[index]}`);
      }
    });
    return result;
  }
""",
        lambda: f"""
  private async withRetry<T>(operation: () => Promise<T>, attempts = @n@): Promise<T> {{
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {{
      try {{
        return await operation();
      }} catch (error) {{
        lastError = error;
        {lg('warn', 'operation failed, retrying', 'attempt, attempts, error')}
        await new Promise((resolve) => setTimeout(resolve, attempt * @delay@));
      }}
    }}
    throw lastError;
  }}
""",
        lambda: f"""
  async notify@E@Owner(@e@: @E@): Promise<boolean> {{
    const body = {{ to: @e@.ownerEmail, template: '@e@-@done@', data: {{ id: @e@.id, @f2@: @e@.@f2@ }} }};
    const response = await this.withRetry(() => this.http.post('/messages', body));
    if (response.status >= 400) {{
      {lg('warn', 'notification rejected', "@e@Id: @e@.id, statusCode: response.status, provider: '@provider@'")}
      return false;
    }}
    return true;
  }}
""",
        lambda: f"""
  async list@Es@(filter: @E@Filter, page = 1): Promise<Page<@E@>> {{
    const take = Math.min(filter.limit ?? @limit@, @limit@);
    const where = {{
      status: filter.status ?? undefined,
      @f3@: filter.@f3@ ? {{ in: filter.@f3@ }} : undefined,
    }};
    const [items, total] = await Promise.all([
      prisma.@e@.findMany({{ where, take, skip: (page - 1) * take, orderBy: {{ createdAt: 'desc' }} }}),
      prisma.@e@.count({{ where }}),
    ]);
    {lg('debug', '@es@ listed', 'page, take, total')}
    return {{ items, total, page, pages: Math.ceil(total / take) }};
  }}
""",
    ]
    return shapes[shape]()


def ts_free_function(shape: int) -> str:
    shapes = [
        """
export function format@E@Summary(item: @E@): string {
  const parts = [item.id, String(item.@f1@ ?? ''), String(item.@f2@ ?? '')];
  return parts.filter((part) => part.length > 0).join(' / ');
}
""",
        """
export const is@E@Open = (item: @E@): boolean =>
  item.status === '@status@' && item.deletedAt === null;
""",
        """
export function group@Es@By@F3@(items: @E@[]): Record<string, @E@[]> {
  const groups: Record<string, @E@[]> = {};
  for (const item of items) {
    const key = String(item.@f3@ ?? 'unknown');
    (groups[key] ??= []).push(item);
  }
  return groups;
}
""",
        """
export async function parse@E@Payload(raw: string): Promise<@E@Input | undefined> {
  try {
    const value = JSON.parse(raw) as Partial<@E@Input>;
    return value.@f1@ !== undefined ? (value as @E@Input) : undefined;
  } catch {
    return undefined;
  }
}
""",
    ]
    return shapes[shape]


def ts_interface(v: dict[str, str], rng: random.Random) -> str:
    types = ["string", "number", "boolean", "Date", "string | null", "number | undefined"]
    lines = [f"export interface {v['E']}Input {{"]
    for field in (v["f1"], v["f2"], v["f3"]):
        lines.append(f"  {field}: {rng.choice(types)};")
    lines.append("  ownerEmail?: string;")
    lines.append("}")
    lines.append("")
    lines.append(f"export interface {v['E']} extends {v['E']}Input {{")
    lines.append("  id: string;")
    lines.append(f"  status: {v['E']}Status;")
    lines.append("  createdAt: Date;")
    lines.append("  deletedAt: Date | null;")
    lines.append("}")
    lines.append("")
    statuses = rng.sample(STATUSES, 3)
    union = " | ".join(f"'{status}'" for status in statuses)
    lines.append(f"export type {v['E']}Status = {union};")
    return "\n".join(lines) + "\n"


def ts_file(rng: random.Random, entity: str, domain: str, kind: str) -> str:
    v = names_for(entity, rng)
    style = rng.choice(TS_LOG_STYLES)
    out = []
    out.append("import axios from 'axios';")
    if style == "pino":
        out.append("import pino from 'pino';")
    else:
        out.append("import winston from 'winston';")
    out.append(f"import {{ prisma }} from '../../db/client';")
    out.append("import { NotFoundError, ValidationError } from '../../errors';")
    out.append("import type { HttpClient, Page, QueueMessage, Tier } from '../../types';")
    out.append("")
    if style == "pino":
        out.append(f"const logger = pino({{ name: '{domain}-{kind}' }});")
    else:
        out.append(
            f"const logger = winston.createLogger({{ level: 'info', defaultMeta: {{ service: '{domain}' }} }});"
        )
    out.append("")
    out.append(fill(ts_interface(v, rng), v))
    receiver = rng.choice(["this.logger", "logger"])
    classes = rng.randint(1, 2)
    for index in range(classes):
        class_values = v if index == 0 else names_for(rng.choice(ENTITIES), rng)
        class_values = {**class_values, "F3": pascal(class_values["s_f3"])}
        name = f"{class_values['E']}{pascal(kind)}"
        out.append(f"export class {name} {{")
        out.append("  private readonly failures: string[] = [];")
        out.append("  private readonly cache = new Map<string, unknown>();")
        out.append("")
        out.append("  constructor(")
        out.append(f"    private readonly repository: {class_values['E']}Repository,")
        out.append("    private readonly client: HttpClient,")
        out.append("    private readonly http: HttpClient,")
        out.append("    private readonly queue: MessageQueue,")
        out.append("    private readonly logger: Logger,")
        out.append(f"    private readonly baseUrl = process.env.{class_values['s_e'].upper()}_URL ?? '',")
        out.append("  ) {}")
        shapes = rng.sample(range(12), rng.randint(6, 10))
        for shape in shapes:
            out.append(fill(ts_method(shape, class_values, style, receiver), class_values).rstrip("\n"))
        out.append("}")
        out.append("")
    free = {**v, "F3": pascal(v["s_f3"])}
    for shape in rng.sample(range(4), rng.randint(1, 4)):
        out.append(fill(ts_free_function(shape), free).strip("\n"))
        out.append("")
    if kind == "controller":
        out.append(fill(TS_ROUTES, free))
    return "\n".join(out)


TS_ROUTES = """
export function register@E@Routes(router: Router, service: @E@Service): void {
  router.post('/@es@', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const created = await service.@verb@@E@(req.body);
      res.status(201).json(created);
    } catch (err) {
      next(err);
    }
  });

  router.get('/@es@/:id', async (req: Request, res: Response) => {
    const item = await service.fetch@E@FromProvider(req.params.id).catch((err) => {
      logger.error('lookup failed', { err, id: req.params.id });
      return null;
    });
    if (!item) {
      res.status(404).end();
      return;
    }
    res.json(item);
  });
}
"""


# Python -------------------------------------------------------------------------------


def py_log(style: str, receiver: str, level: str, message: str, fields: dict[str, str]) -> str:
    """Render a log call in the library's style: `extra=` for logging, kwargs otherwise."""
    if style == "logging":
        if not fields:
            return f'{receiver}.{level}("{message}")'
        extra = ", ".join(f'"{key}": {value}' for key, value in fields.items())
        return f'{receiver}.{level}("{message}", extra={{{extra}}})'
    if style == "structlog":
        kwargs = "".join(f", {key}={value}" for key, value in fields.items())
        return f'{receiver}.{level}("{message}"{kwargs})'
    # loguru binds fields on a child logger
    if not fields:
        return f'{receiver}.{level}("{message}")'
    kwargs = ", ".join(f"{key}={value}" for key, value in fields.items())
    return f'{receiver}.bind({kwargs}).{level}("{message}")'


def py_method(shape: int, v: dict[str, str], style: str, log: str) -> str:
    def lg(level: str, message: str, **fields: str) -> str:
        return py_log(style, log, level, message, fields)

    error_level = "exception" if style == "logging" else "error"
    shapes = [
        lambda: f'''
    def @verb@_@s_e@(self, data: @E@Input) -> @E@:
        """@Verb@ a @s_e@ after checking its @s_f1@."""
        if not data.@s_f1@:
            raise ValidationError("@s_f1@ is required")
        started = time.monotonic()
        try:
            record = self.repository.save(data, status="@status@")
        except DatabaseError as exc:
            {lg(error_level, "failed to @verb@ @s_e@", s_f1="data.@s_f1@", error="str(exc)")}
            raise
        {lg("info", "@s_e@ @done@", s_e_id="record.id", duration_ms="int((time.monotonic() - started) * 1000)")}
        return record
''',
        lambda: f'''
    def fetch_@s_e@_from_provider(self, @s_e@_id: str) -> @E@ | None:
        url = f"{{self.base_url}}/@s_es@/{{@s_e@_id}}"
        try:
            response = requests.get(url, timeout=@timeout@ / 1000)
            response.raise_for_status()
        except requests.RequestException as exc:
            {lg("warning", "provider request failed", provider='"@provider@"', url="url", error="str(exc)")}
            return None
        return @E@.from_dict(response.json())
''',
        lambda: '''
    def sync_@s_es@(self, ids: list[str]) -> int:
        synced = 0
        for item_id in ids:
            try:
                self.client.push_@s_e@(item_id)
                synced += 1
            except Exception:
                self.failures.append(item_id)
        return synced
''',
        lambda: f'''
    async def refresh_@s_e@_cache(self, key: str) -> None:
        async with httpx.AsyncClient(timeout=@timeout@ / 1000) as client:
            try:
                response = await client.post(f"{{self.base_url}}/cache/{{key}}")
                self.cache[key] = response.json()
            except httpx.HTTPError as exc:
                {lg("warning", "@s_e@ cache refresh failed", key="key", error="repr(exc)")}
''',
        lambda: '''
    @staticmethod
    def compute_@s_e@_fee(amount: Decimal, tier: Tier) -> Decimal:
        if tier is Tier.GOLD:
            rate = Decimal("@rate@")
        elif tier is Tier.SILVER:
            rate = Decimal("@rate@") + Decimal("0.005")
        elif tier is Tier.BRONZE:
            rate = Decimal("@rate@") + Decimal("0.01")
        else:
            rate = Decimal("0.05")
        return (amount * rate).quantize(Decimal("0.01"))
''',
        lambda: f'''
    def set_@s_e@_status(self, @s_e@_id: str, status: str) -> None:
        with self.session.begin():
            row = self.session.get(@E@Row, @s_e@_id)
            if row is None:
                raise NotFoundError(f"@s_e@ {{@s_e@_id}} not found")
            previous = row.status
            row.status = status
        {lg("info", "@s_e@ status changed", s_e_id="@s_e@_id", previous="previous", status="status")}
''',
        lambda: '''
    def remove_@s_e@(self, @s_e@_id: str) -> None:
        try:
            self.repository.delete(@s_e@_id)
        except KeyError as exc:
            raise NotFoundError(f"@s_e@ {@s_e@_id} could not be removed") from exc
''',
        lambda: f'''
    def handle_@s_e@_message(self, message: QueueMessage) -> None:
        try:
            payload = json.loads(message.body)
            self._apply_@s_e@_event(payload)
        except (ValueError, KeyError) as exc:
            {lg(error_level, "message handling failed", message_id="message.id", error="str(exc)")}
            self.queue.nack(message)
        else:
            {lg("debug", "message handled", message_id="message.id")}
            self.queue.ack(message)
''',
        lambda: '''
    def load_@s_es@(self, ids: Iterable[str]) -> dict[str, @E@]:
        rows = {row.id: row for row in self.repository.find_many(list(ids))}
        missing = [item_id for item_id in ids if item_id not in rows]
        if missing:
            print(f"missing @s_es@: {', '.join(missing)}")
        return rows
''',
        lambda: f'''
    def _with_retry(self, operation: Callable[[], T], attempts: int = @n@) -> T:
        last_error: Exception | None = None
        for attempt in range(1, attempts + 1):
            try:
                return operation()
            except (ConnectionError, TimeoutError) as exc:
                last_error = exc
                {lg("warning", "operation failed, retrying", attempt="attempt", attempts="attempts")}
                time.sleep(attempt * @delay@ / 1000)
        assert last_error is not None
        raise last_error
''',
        lambda: f'''
    def notify_@s_e@_owner(self, @s_e@: @E@) -> bool:
        body = {{"to": @s_e@.owner_email, "template": "@s_e@-@done@", "id": @s_e@.id}}
        response = self._with_retry(lambda: self.http.post("/messages", json=body))
        if response.status_code >= 400:
            {lg("warning", "notification rejected", s_e_id="@s_e@.id", status_code="response.status_code")}
            return False
        return True
''',
        lambda: f'''
    def list_@s_es@(self, status: str | None = None, page: int = 1) -> Page[@E@]:
        limit = @limit@
        query = self.session.query(@E@Row)
        if status is not None:
            query = query.filter(@E@Row.status == status)
        total = query.count()
        items = query.order_by(@E@Row.created_at.desc()).offset((page - 1) * limit).limit(limit).all()
        {lg("debug", "@s_es@ listed", page="page", total="total")}
        return Page(items=[@E@.from_row(row) for row in items], total=total, page=page)
''',
    ]
    text = shapes[shape]()
    return text.replace("s_e_id=", f"{v['s_e']}_id=").replace('"s_e_id"', f'"{v["s_e"]}_id"')


def py_dataclass(v: dict[str, str], rng: random.Random) -> str:
    types = ["str", "int", "bool", "Decimal", "str | None", "datetime"]
    lines = ["@dataclass(frozen=True)", f"class {v['E']}Input:"]
    for field in (v["s_f1"], v["s_f2"], v["s_f3"]):
        lines.append(f"    {field}: {rng.choice(types)}")
    lines.append("    owner_email: str | None = None")
    lines.append("")
    lines.append("")
    lines.append("@dataclass")
    lines.append(f"class {v['E']}({v['E']}Input):")
    lines.append("    id: str = \"\"")
    lines.append(f"    status: str = \"{v['status']}\"")
    lines.append("    created_at: datetime = field(default_factory=datetime.utcnow)")
    lines.append("")
    lines.append("    @classmethod")
    lines.append(f"    def from_dict(cls, data: dict[str, Any]) -> \"{v['E']}\":")
    lines.append("        return cls(**{key: data[key] for key in data if key in cls.__dataclass_fields__})")
    return "\n".join(lines) + "\n"


def py_file(rng: random.Random, entity: str, domain: str, kind: str) -> str:
    v = names_for(entity, rng)
    style = rng.choice(["logging", "logging", "structlog", "loguru"])
    out = [f'"""{pascal(domain)} {kind}: {v["s_es"].replace("_", " ")} and their providers."""', ""]
    out.append("from __future__ import annotations")
    out.append("")
    out.append("import json")
    if style == "logging":
        out.append("import logging")
    out.append("import time")
    out.append("from collections.abc import Callable, Iterable")
    out.append("from dataclasses import dataclass, field")
    out.append("from datetime import datetime")
    out.append("from decimal import Decimal")
    out.append("from typing import Any, TypeVar")
    out.append("")
    out.append("import httpx")
    out.append("import requests")
    if style == "structlog":
        out.append("import structlog")
    if style == "loguru":
        out.append("from loguru import logger")
    out.append("")
    out.append("from ..db import DatabaseError, Page")
    out.append("from ..errors import NotFoundError, ValidationError")
    out.append("from ..types import QueueMessage, Tier")
    out.append("")
    if style == "logging":
        out.append("logger = logging.getLogger(__name__)")
    elif style == "structlog":
        out.append("logger = structlog.get_logger(__name__)")
    out.append('T = TypeVar("T")')
    out.append("")
    out.append("")
    out.append(fill(py_dataclass(v, rng), v))
    receiver = rng.choice(["self.log", "logger"])
    for index in range(rng.randint(1, 2)):
        class_values = v if index == 0 else names_for(rng.choice(ENTITIES), rng)
        name = f"{class_values['E']}{pascal(kind)}"
        out.append("")
        out.append(f"class {name}:")
        out.append(f'    """{pascal(kind)} for {class_values["s_es"].replace("_", " ")}."""')
        out.append("")
        out.append("    def __init__(self, repository, client, http, session, queue, base_url: str) -> None:")
        out.append("        self.repository = repository")
        out.append("        self.client = client")
        out.append("        self.http = http")
        out.append("        self.session = session")
        out.append("        self.queue = queue")
        out.append("        self.base_url = base_url")
        out.append("        self.failures: list[str] = []")
        out.append("        self.cache: dict[str, Any] = {}")
        if style == "logging":
            out.append("        self.log = logger.getChild(type(self).__name__)")
        elif style == "structlog":
            out.append(f'        self.log = logger.bind(component="{name}")')
        else:
            out.append(f'        self.log = logger.bind(component="{name}")')
        for shape in rng.sample(range(12), rng.randint(6, 10)):
            out.append(fill(py_method(shape, class_values, style, receiver), class_values).rstrip("\n"))
        out.append("")
    out.append("")
    out.append(fill(PY_FUNCTIONS[rng.randrange(len(PY_FUNCTIONS))], v).strip("\n"))
    return "\n".join(out) + "\n"


PY_FUNCTIONS = [
    '''
def format_@s_e@_summary(item: @E@) -> str:
    parts = [item.id, str(item.@s_f1@ or ""), str(item.@s_f2@ or "")]
    return " / ".join(part for part in parts if part)
''',
    '''
def group_@s_es@_by_@s_f3@(items: Iterable[@E@]) -> dict[str, list[@E@]]:
    groups: dict[str, list[@E@]] = {}
    for item in items:
        groups.setdefault(str(item.@s_f3@), []).append(item)
    return groups
''',
    '''
def parse_@s_e@_payload(raw: str) -> @E@Input | None:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        return None
    return @E@Input(**data) if "@s_f1@" in data else None
''',
]


# Rust ---------------------------------------------------------------------------------


def rs_method(shape: int, v: dict[str, str], style: str) -> str:
    # tracing takes `key = value` fields; the log crate only formats them into the message.
    def lg(level: str, message: str, fields: str) -> str:
        if style == "tracing":
            return f'{level}!({fields}, "{message}");'
        pairs = []
        for part in (part.strip() for part in fields.split(",")):
            name, _, value = part.partition("=")
            pairs.append((name.strip(), value.strip().lstrip("%?") or name.strip()))
        template = " ".join(f"{name}={{:?}}" for name, _ in pairs)
        values = ", ".join(value for _, value in pairs)
        return f'log::{level}!("{message}: {template}", {values});'

    shapes = [
        lambda: f"""
    /// @Verb@s a @s_e@ after checking its @s_f1@.
    pub async fn @verb@_@s_e@(&self, input: @E@Input) -> Result<@E@, ServiceError> {{
        if input.@s_f1@.is_empty() {{
            return Err(ServiceError::Validation("@s_f1@ is required".into()));
        }}
        let started = Instant::now();
        match self.repository.save(&input, "@status@").await {{
            Ok(record) => {{
                {lg('info', '@s_e@ @done@', '@s_e@_id = %record.id, duration_ms = started.elapsed().as_millis() as u64')}
                Ok(record)
            }}
            Err(err) => {{
                {lg('error', 'failed to @verb@ @s_e@', 'error = %err, @s_f1@ = %input.@s_f1@')}
                Err(ServiceError::Storage(err.to_string()))
            }}
        }}
    }}
""",
        lambda: f"""
    pub async fn fetch_@s_e@_from_provider(&self, id: &str) -> Result<Option<@E@>, ServiceError> {{
        let url = format!("{{}}/@s_es@/{{}}", self.base_url, id);
        let response = self
            .http
            .get(&url)
            .timeout(Duration::from_millis(@timeout@))
            .send()
            .await
            .map_err(|err| {{
                {lg('warn', 'provider request failed', 'provider = "@provider@", url = %url, error = %err')}
                ServiceError::Upstream(err.to_string())
            }})?;
        if response.status() == StatusCode::NOT_FOUND {{
            return Ok(None);
        }}
        let body = response
            .json::<@E@>()
            .await
            .map_err(|err| ServiceError::Decode(err.to_string()))?;
        Ok(Some(body))
    }}
""",
        lambda: """
    pub async fn sync_@s_es@(&self, ids: &[String]) -> usize {
        let mut synced = 0;
        for id in ids {
            match self.client.push_@s_e@(id).await {
                Ok(()) => synced += 1,
                Err(_) => self.failures.lock().expect("failures lock").push(id.clone()),
            }
        }
        synced
    }
""",
        lambda: f"""
    pub async fn refresh_@s_e@_cache(&self, key: &str) {{
        let url = format!("{{}}/cache/{{}}", self.base_url, key);
        if let Err(err) = self.http.post(&url).send().await {{
            {lg('warn', '@s_e@ cache refresh failed', 'key = %key, error = %err')}
        }}
    }}
""",
        lambda: """
    pub fn compute_@s_e@_fee(amount: u64, tier: Tier) -> u64 {
        let basis_points = match tier {
            Tier::Gold => 100,
            Tier::Silver => 150,
            Tier::Bronze => 200,
            Tier::Standard => 300,
        };
        (amount * basis_points).div_ceil(10_000).max(1)
    }
""",
        lambda: f"""
    pub async fn set_@s_e@_status(&self, id: &str, status: @E@Status) -> Result<(), ServiceError> {{
        let mut tx = self.pool.begin().await.map_err(ServiceError::from)?;
        let previous = sqlx::query_scalar::<_, String>("SELECT status FROM @s_es@ WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| ServiceError::NotFound(id.to_string()))?;
        sqlx::query("UPDATE @s_es@ SET status = $1 WHERE id = $2")
            .bind(status.as_str())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        {lg('info', '@s_e@ status changed', '@s_e@_id = %id, previous = %previous, status = ?status')}
        Ok(())
    }}
""",
        lambda: """
    pub async fn remove_@s_e@(&self, id: &str) -> Result<(), ServiceError> {
        self.repository
            .delete(id)
            .await
            .map_err(|err| ServiceError::NotFound(format!("@s_e@ {id}: {err}")))
    }
""",
        lambda: f"""
    pub async fn handle_@s_e@_message(&self, message: QueueMessage) {{
        let span = tracing::info_span!("@s_e@_message", message_id = %message.id);
        let _guard = span.enter();
        match serde_json::from_slice::<@E@Event>(&message.body) {{
            Ok(event) => {{
                if let Err(err) = self.apply_@s_e@_event(event).await {{
                    {lg('error', 'message handling failed', 'error = %err')}
                    self.queue.nack(&message).await;
                    return;
                }}
                {lg('debug', 'message handled', 'topic = "@s_e@.@done@"')}
                self.queue.ack(&message).await;
            }}
            Err(err) => {{
                {lg('warn', 'malformed message dropped', 'error = %err')}
                self.queue.ack(&message).await;
            }}
        }}
    }}
""",
        lambda: """
    pub async fn load_@s_es@(&self, ids: &[String]) -> HashMap<String, @E@> {
        let mut found = HashMap::with_capacity(ids.len());
        for id in ids {
            if let Ok(Some(row)) = self.repository.find_by_id(id).await {
                found.insert(id.clone(), row);
            } else {
                eprintln!("missing @s_e@ {id}");
            }
        }
        found
    }
""",
        lambda: f"""
    async fn with_retry<T, F, Fut>(&self, mut operation: F) -> Result<T, ServiceError>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, ServiceError>>,
    {{
        let mut attempt = 0;
        loop {{
            attempt += 1;
            match operation().await {{
                Ok(value) => return Ok(value),
                Err(err) if attempt < @n@ => {{
                    {lg('warn', 'operation failed, retrying', 'attempt, error = %err')}
                    tokio::time::sleep(Duration::from_millis(attempt * @delay@)).await;
                }}
                Err(err) => return Err(err),
            }}
        }}
    }}
""",
        lambda: f"""
    pub async fn notify_@s_e@_owner(&self, @s_e@: &@E@) -> Result<bool, ServiceError> {{
        let body = serde_json::json!({{ "to": @s_e@.owner_email, "template": "@s_e@-@done@", "id": @s_e@.id }});
        let response = self
            .with_retry(|| async {{ self.http.post("/messages").json(&body).send().await.map_err(ServiceError::from) }})
            .await?;
        if response.status().is_client_error() {{
            {lg('warn', 'notification rejected', '@s_e@_id = %@s_e@.id, status_code = response.status().as_u16()')}
            return Ok(false);
        }}
        Ok(true)
    }}
""",
        lambda: f"""
    pub async fn list_@s_es@(&self, status: Option<@E@Status>, page: u32) -> Result<Page<@E@>, ServiceError> {{
        let limit: i64 = @limit@;
        let offset = i64::from(page.saturating_sub(1)) * limit;
        let rows = sqlx::query_as::<_, @E@>("SELECT * FROM @s_es@ WHERE ($1::text IS NULL OR status = $1) LIMIT $2 OFFSET $3")
            .bind(status.map(|s| s.as_str()))
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        {lg('debug', '@s_es@ listed', 'page, count = rows.len()')}
        Ok(Page {{ total: rows.len(), items: rows, page }})
    }}
""",
    ]
    return shapes[shape]()


def rs_types(v: dict[str, str], rng: random.Random) -> str:
    types = ["String", "u64", "bool", "i64", "Option<String>", "f64"]
    chosen = [rng.choice(types) for _ in range(3)]
    chosen[0] = "String"
    lines = ["#[derive(Debug, Clone, Serialize, Deserialize)]", f"pub struct {v['E']}Input {{"]
    for name, kind in zip((v["s_f1"], v["s_f2"], v["s_f3"]), chosen):
        lines.append(f"    pub {name}: {kind},")
    lines.append("}")
    lines.append("")
    lines.append("#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]")
    lines.append(f"pub struct {v['E']} {{")
    lines.append("    pub id: String,")
    lines.append("    pub owner_email: Option<String>,")
    lines.append(f"    pub status: {v['E']}Status,")
    lines.append("}")
    lines.append("")
    statuses = rng.sample(STATUSES, 3)
    lines.append("#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]")
    lines.append(f"pub enum {v['E']}Status {{")
    for status in statuses:
        lines.append(f"    {pascal(status)},")
    lines.append("}")
    lines.append("")
    lines.append(f"impl {v['E']}Status {{")
    lines.append("    pub fn as_str(self) -> &'static str {")
    lines.append("        match self {")
    for status in statuses:
        lines.append(f'            Self::{pascal(status)} => "{status}",')
    lines.append("        }")
    lines.append("    }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def rs_file(rng: random.Random, entity: str, domain: str, kind: str) -> str:
    v = names_for(entity, rng)
    style = rng.choice(["tracing", "tracing", "log"])
    out = [f"//! {pascal(domain)} {kind}: {v['s_es'].replace('_', ' ')} and their providers.", ""]
    out.append("use std::collections::HashMap;")
    out.append("use std::sync::Mutex;")
    out.append("use std::time::{Duration, Instant};")
    out.append("")
    out.append("use reqwest::StatusCode;")
    out.append("use serde::{Deserialize, Serialize};")
    if style == "tracing":
        out.append("use tracing::{debug, error, info, instrument, warn};")
    out.append("")
    out.append("use crate::errors::ServiceError;")
    out.append("use crate::types::{Page, QueueMessage, Tier};")
    out.append("")
    out.append(fill(rs_types(v, rng), v))
    for index in range(rng.randint(1, 2)):
        class_values = v if index == 0 else names_for(rng.choice(ENTITIES), rng)
        name = f"{class_values['E']}{pascal(kind)}"
        out.append(f"pub struct {name} {{")
        out.append(f"    repository: {class_values['E']}Repository,")
        out.append(f"    client: {class_values['E']}Client,")
        out.append("    http: reqwest::Client,")
        out.append("    pool: sqlx::PgPool,")
        out.append("    queue: MessageQueue,")
        out.append("    base_url: String,")
        out.append("    failures: Mutex<Vec<String>>,")
        out.append("}")
        out.append("")
        out.append(f"impl {name} {{")
        out.append("    pub fn new(repository: %sRepository, client: %sClient, http: reqwest::Client, pool: sqlx::PgPool, queue: MessageQueue, base_url: String) -> Self {"
                   % (class_values["E"], class_values["E"]))
        out.append("        Self { repository, client, http, pool, queue, base_url, failures: Mutex::new(Vec::new()) }")
        out.append("    }")
        shapes = rng.sample(range(12), rng.randint(6, 10))
        for shape in shapes:
            method = fill(rs_method(shape, class_values, style), class_values).rstrip("\n")
            if style == "tracing" and shape in (0, 5) and rng.random() < 0.5:
                method = method.replace(
                    "\n    pub async fn",
                    f"\n    #[instrument(skip(self), fields(component = \"{name}\"))]\n    pub async fn",
                    1,
                )
            out.append(method)
        out.append("}")
        out.append("")
    out.append(fill(RS_TESTS, v))
    return "\n".join(out)


RS_TESTS = """
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn @s_e@_status_names_are_lowercase() {
        let name = format!("{:?}", Tier::Gold).to_lowercase();
        assert_eq!(name, "gold");
    }
}
"""


# Project files ------------------------------------------------------------------------

CONFIG = {
    "typescript": {
        "functions": ['"*Service.create*"', '"*Service.approve*"', '"*Gateway.set*Status"'],
        "calls": ['"axios.*"', '"fetch"', '"prisma.*.update"', '"this.client.*"'],
        "fields": '["orderId|accountId|paymentId|invoiceId|customerId", "latencyMs"]',
        "call_fields": '["provider", "url"]',
        "wrapper": "withRetry",
    },
    "python": {
        "functions": ['"*Service.create_*"', '"*Service.approve_*"', '"*Gateway.set_*_status"'],
        "calls": ['"requests.*"', '"client.post"', '"self.client.*"', '"self.session.get"'],
        "fields": '["order_id|account_id|payment_id|invoice_id|customer_id", "duration_ms"]',
        "call_fields": '["provider", "url"]',
        "wrapper": "_with_retry",
    },
    "rust": {
        "functions": ['"*Service::create_*"', '"*Service::approve_*"', '"*Gateway::set_*_status"'],
        "calls": ['"sqlx::query*"', '"self.client.*"', '"self.repository.*"', '"tokio::time::sleep"'],
        "fields": '["order_id|account_id|payment_id|invoice_id|customer_id", "duration_ms"]',
        "call_fields": '["provider", "url"]',
        "wrapper": "with_retry",
    },
}


def write_project_files(root: Path, language: str) -> None:
    settings = CONFIG[language]
    (root / "logcov.toml").write_text(
        f"""# Generated by scripts/gen_corpus.py for the throughput benchmark.
rules = ["areas"]
exclude = ["**/node_modules/**"]
loggers = ["messageLog"]

[[context]]
name = "request"
description = "requestId and userId from the request middleware"
fields = ["requestId", "userId"]
paths = ["src/**"]
exclude = ["src/*/worker/**"]

[[wrapper]]
name = "{settings['wrapper']}"
fields = ["attempt", "attempts"]
level = "warn"
""",
        encoding="utf-8",
    )
    # Not named rules/, because logcov-default.toml must find no rules/ folder.
    rules = root / "areas"
    rules.mkdir(exist_ok=True)
    (rules / "services.toml").write_text(
        f"""[area]
id = "services"
title = "Services and gateways"
target = 80
paths = ["src/**"]
contexts = ["request"]

[[event]]
id = "state-change"
description = "A state-changing operation logs the entity id and its latency"
fields = {settings['fields']}
level = "info"
anchor = "function"
functions = [{", ".join(settings['functions'])}]

[[event]]
id = "provider-call"
description = "Every external call logs the provider and the URL"
fields = {settings['call_fields']}
level = "debug"
anchor = "call"
calls = [{", ".join(settings['calls'])}]
""",
        encoding="utf-8",
    )
    (rules / "errors.toml").write_text(
        """[area]
id = "errors"
title = "Error handling"
target = 90
paths = ["src/**"]

[[event]]
id = "handler-logs"
description = "Every error handler logs the error at warn level or above"
fields = ["error|err|exc"]
level = "warn"
anchor = "error-handler"
rethrown = "unit"
""",
        encoding="utf-8",
    )
    (rules / "modules.toml").write_text(
        """[area]
id = "modules"
title = "Modules"
target = 50
paths = ["src/**"]
exclude = ["src/*/controller/**"]

[[event]]
id = "module-activity"
description = "Each module logs at least one line at info level"
fields = []
reason = "Any info line shows the module is alive; the requirement names no fields."
level = "info"
anchor = "file"
""",
        encoding="utf-8",
    )
    (root / "logcov-default.toml").write_text(
        "# Generated by scripts/gen_corpus.py. Without a `rules` key and without a rules/\n"
        "# folder next to this file, logcov uses its built-in rules.\n",
        encoding="utf-8",
    )


GENERATORS = {
    "typescript": (ts_file, "ts", camel),
    "python": (py_file, "py", lambda name: name),
    "rust": (rs_file, "rs", lambda name: name),
}


def generate(out: Path, language: str, min_lines: int, seed: int) -> tuple[int, int, int]:
    """Write one corpus; returns its files, lines and bytes."""
    make_file, extension, spell = GENERATORS[language]
    root = out / language
    if root.exists():
        shutil.rmtree(root)
    (root / "src").mkdir(parents=True)
    # One generator per language, so adding a language never changes the others.
    rng = random.Random(f"{seed}-{language}")
    files = lines = size = 0
    while lines < min_lines:
        domain = rng.choice(DOMAINS)
        kind = rng.choice(KINDS)
        entity = rng.choice(ENTITIES)
        directory = root / "src" / domain / kind
        directory.mkdir(parents=True, exist_ok=True)
        stem = spell(f"{entity}_{kind}")
        path = directory / f"{stem}_{files:05d}.{extension}"
        text = make_file(rng, entity, domain, kind)
        path.write_text(text, encoding="utf-8")
        files += 1
        lines += text.count("\n")
        size += len(text.encode("utf-8"))
    write_project_files(root, language)
    return files, lines, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("target/bench-corpus"),
                        help="output folder; each language goes to OUT/<language> (replaced)")
    parser.add_argument("--lines", type=int, default=220_000,
                        help="minimum number of source lines per language")
    parser.add_argument("--seed", type=int, default=20240601, help="random seed")
    parser.add_argument("--language", action="append", choices=sorted(GENERATORS),
                        help="generate only this language (repeatable; default: all)")
    args = parser.parse_args()
    for language in args.language or sorted(GENERATORS):
        files, lines, size = generate(args.out, language, args.lines, args.seed)
        print(f"{language}: {files} files, {lines} lines, {size / 1e6:.1f} MB in {args.out / language}")


if __name__ == "__main__":
    main()
