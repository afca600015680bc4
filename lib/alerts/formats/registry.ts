import type { Severity } from '../../probe/types';
import type { AlertFormat, WebhookFormatName } from '../types';
import { alertmanagerFormat } from './alertmanager';
import { jsonFormat } from './json';
import { slackFormat } from './slack';

/** A name → format table that refuses a second format under the same name. */
export class FormatRegistry {
  private readonly formats = new Map<string, AlertFormat>();

  register(format: AlertFormat): this {
    if (this.formats.has(format.name)) {
      throw new Error(`webhook format "${format.name}" is registered twice; each format needs a unique name`);
    }
    this.formats.set(format.name, format);
    return this;
  }

  /** The format for a webhook's `format` key; throws naming the known formats when there is none. */
  get(name: string): AlertFormat {
    const format = this.formats.get(name);
    if (!format) {
      throw new Error(`unknown webhook format "${name}"; use one of: ${[...this.formats.keys()].join(', ')}`);
    }
    return format;
  }

  names(): string[] {
    return [...this.formats.keys()];
  }

  /** The severity an earlier body announced, whatever format built it (the webhook's format may have changed). */
  severityOf(body: string): Severity | null {
    for (const format of this.formats.values()) {
      const severity = format.severityOf(body);
      if (severity) return severity;
    }
    return null;
  }
}

/** The built-in formats, keyed by WebhookConfig.format. */
export const formats = new FormatRegistry()
  .register(jsonFormat)
  .register(alertmanagerFormat)
  .register(slackFormat);

/** The format a webhook uses. */
export function formatFor(name: WebhookFormatName): AlertFormat {
  return formats.get(name);
}
