const DEFAULT_PORTS: Record<string, number> = { 'redis:': 6379, 'rediss:': 6379, 'postgres:': 5432, 'postgresql:': 5432, 'smtp:': 587, 'smtps:': 465 };

/** `host:port` of a service URL, as log lines and operator messages name it (no credentials). */
export function addressOf(serviceUrl: string): string {
  const url = new URL(serviceUrl);
  return `${url.hostname}:${url.port || DEFAULT_PORTS[url.protocol] || ''}`;
}
