import type { Block, Inline } from '@/lib/playbook/guidance';
import { parseGuidance } from '@/lib/playbook/guidance';

// Guidance rendered as elements from the parsed tree: never as HTML. Links are http(s) only and
// open in a new tab without access to this page.

function InlineNodes({ nodes }: { nodes: Inline[] }) {
  return (
    <>
      {nodes.map((node, i) => {
        if (node.kind === 'text') return node.text;
        if (node.kind === 'bold') return <strong key={i}><InlineNodes nodes={node.children} /></strong>;
        return (
          <a key={i} href={node.href} target="_blank" rel="noopener noreferrer">
            <InlineNodes nodes={node.children} />
          </a>
        );
      })}
    </>
  );
}

export function BlockNodes({ blocks }: { blocks: Block[] }) {
  return (
    <>
      {blocks.map((block, i) => {
        if (block.kind === 'paragraph') return <p key={i}><InlineNodes nodes={block.children} /></p>;
        const items = block.items.map((item, j) => <li key={j}><InlineNodes nodes={item} /></li>);
        return block.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
      })}
    </>
  );
}

export function GuidanceText({ source, testId }: { source: string; testId?: string }) {
  return (
    <div class="guidance" data-testid={testId}>
      <BlockNodes blocks={parseGuidance(source)} />
    </div>
  );
}
