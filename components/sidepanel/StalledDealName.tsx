/** A stalled deal's name: a link to its CRM page where there is one, plain text where none can be built. */
export function StalledDealName({ name, url, onOpenUrl }: { name: string; url: string | null; onOpenUrl(url: string): void }) {
  if (!url) return <span class="stalled-list__name">{name}</span>;
  return (
    <a
      href={url}
      onClick={(event) => {
        event.preventDefault();
        onOpenUrl(url);
      }}
    >
      {name}
    </a>
  );
}
