// Who in a group gets the next deal.
// - round-robin: the rep after the one who got the group's last deal (the turn is stored per group,
//   by rep, so adding or removing a rep does not reset it); the first rep when the last is gone.
// - least-loaded: the rep with the fewest open deals (synced deals + those given in this run);
//   ties go to the rep listed first.

export function nextInTurn(members: readonly string[], lastOwnerId: string | null): string | null {
  if (members.length === 0) return null;
  const at = lastOwnerId === null ? -1 : members.indexOf(lastOwnerId);
  return members[(at + 1) % members.length]!;
}

export function leastLoaded(members: readonly string[], openDeals: ReadonlyMap<string, number>): string | null {
  let best: string | null = null;
  let bestLoad = Number.POSITIVE_INFINITY;
  for (const id of members) {
    const load = openDeals.get(id) ?? 0;
    if (load < bestLoad) {
      best = id;
      bestLoad = load;
    }
  }
  return best;
}
