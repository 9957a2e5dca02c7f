import type { Client } from 'pg';
import { APPLICATION_EVENTS_NOTIFY_CHANNEL } from '@simpul/contracts';

/**
 * The LISTEN side of the read model's change notifications (the projector's NOTIFY, ReadModelRepository.notify), on
 * the hub's own connection: a LISTEN holds its session, so it cannot go through the pool.
 */
export async function listenForChanges(client: Client): Promise<void> {
  await client.query(`LISTEN ${APPLICATION_EVENTS_NOTIFY_CHANNEL}`);
}
