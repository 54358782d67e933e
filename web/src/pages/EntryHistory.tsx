import { Table } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { authCall, authClient } from '../api/auth';
import { api, unwrap } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { dayLabel, localDate, localTime } from '../lib/zoned';

/**
 * Who did it, for a change's `changedBy` (`user:<id>`): the member's name, else their email,
 * else the actor as recorded (someone since removed from the business).
 */
export function useActorName(): (actor: string) => string {
  // The same query as the team screen's member list, so both share it.
  const members = useQuery({
    queryKey: ['members'],
    queryFn: () => authCall(authClient.organization.listMembers({ query: {} })),
    // Each entry's history asks: members rarely change while a manager reads a sheet.
    staleTime: 60_000,
  });
  return (actor) => {
    const userId = actor.startsWith('user:') ? actor.slice('user:'.length) : actor;
    const user = members.data?.members.find((member) => member.user.id === userId)?.user;
    return user?.name || user?.email || actor;
  };
}

/** An entry as a change records it, before or after (a TimeEntry as JSON). */
interface Snapshot {
  clockIn: string;
  clockOut: string | null;
  breaks: { startsAt: string; endsAt: string | null }[];
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The recorded entry, or null for none (before an added entry, after a deleted one). */
function snapshotOf(value: unknown): Snapshot | null {
  if (typeof value !== 'object' || value === null) return null;
  const { clockIn, clockOut, breaks } = value as Record<string, unknown>;
  const start = text(clockIn);
  if (!start) return null;
  return {
    clockIn: start,
    clockOut: text(clockOut),
    breaks: (Array.isArray(breaks) ? breaks : []).flatMap((b: Record<string, unknown> | null) => {
      const startsAt = text(b?.startsAt);
      return startsAt ? [{ startsAt, endsAt: text(b?.endsAt) }] : [];
    }),
  };
}

/**
 * A change's before → after of the clock times and breaks, in the location's zone: what changed,
 * or the whole entry when it was added or deleted. Times on another day than `day` (past
 * midnight, or moved) name theirs.
 */
export function describeChange(before: unknown, after: unknown, zone: string): string {
  const was = snapshotOf(before);
  const is = snapshotOf(after);
  const day = localDate((was ?? is)?.clockIn ?? new Date().toISOString(), zone);
  const at = (iso: string | null, open: string) => {
    if (!iso) return open;
    const date = localDate(iso, zone);
    return date === day ? localTime(iso, zone) : `${dayLabel(date)} ${localTime(iso, zone)}`;
  };
  const breaksOf = (s: Snapshot) =>
    s.breaks.length === 0
      ? 'none'
      : s.breaks.map((b) => `${at(b.startsAt, '')}–${at(b.endsAt, 'open')}`).join(', ');
  const whole = (s: Snapshot) => `${at(s.clockIn, '')}–${at(s.clockOut, 'open')}, breaks ${breaksOf(s)}`;
  if (!was && is) return `Added: ${whole(is)}`;
  if (was && !is) return `Deleted: ${whole(was)}`;
  if (!was || !is) return '';
  const parts = [
    ['Clock in', at(was.clockIn, ''), at(is.clockIn, '')],
    ['Clock out', at(was.clockOut, 'open'), at(is.clockOut, 'open')],
    ['Breaks', breaksOf(was), breaksOf(is)],
  ]
    .filter(([, from, to]) => from !== to)
    .map(([what, from, to]) => `${what} ${from} → ${to}`);
  return parts.length > 0 ? parts.join('; ') : 'Times and breaks unchanged';
}

/** Every manual change to an entry: when, who, what before → after, and why. */
export function EntryHistory({ entryId, zone }: { entryId: string; zone: string }) {
  const changes = useQuery({
    queryKey: ['time-entries', 'changes', entryId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/time-entries/{id}/changes', { params: { path: { id: entryId } } })),
  });
  const actorName = useActorName();
  if (changes.error) return <ProblemAlert error={changes.error} />;
  const rows = changes.data?.data ?? [];
  if (rows.length === 0) return null;
  return (
    <Table fz="xs" aria-label="History">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>When</Table.Th>
          <Table.Th>Who</Table.Th>
          <Table.Th>Change</Table.Th>
          <Table.Th>Reason</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((change) => (
          <Table.Tr key={`${change.at} ${change.changedBy}`}>
            <Table.Td>{new Date(change.at).toLocaleString()}</Table.Td>
            <Table.Td>{actorName(change.changedBy)}</Table.Td>
            <Table.Td>{describeChange(change.before, change.after, zone)}</Table.Td>
            <Table.Td>{change.reason}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
