import type { DomainEvent } from './domain-event.ts';

export const WEBHOOK_FORMATS = ['json', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

function slackBody(event: DomainEvent) {
  const context = [
    `\`${event.type}\``,
    event.environment ? `environment *${event.environment}*` : null,
    `${event.subject.kind} \`${event.subject.key}\``,
  ].filter((part) => part !== null);
  return {
    // `text` is what notifications and clients without blocks show.
    text: event.message,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: event.message } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' · ') }] },
    ],
  };
}

/** The request body for one subscription's format; built once at fan-out so every retry sends the same bytes. */
export function webhookBody(event: DomainEvent, format: WebhookFormat): string {
  switch (format) {
    case 'json': {
      const { id, type, occurredAt, environment, subject, message, data } = event;
      return JSON.stringify({ id, type, occurredAt, environment, subject, message, data });
    }
    case 'slack':
      return JSON.stringify(slackBody(event));
    default: {
      const unknown: never = format;
      throw new Error(`unknown webhook format ${String(unknown)}`);
    }
  }
}
