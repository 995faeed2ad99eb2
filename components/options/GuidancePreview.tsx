// TEMPORARY until lib/playbook/guidance.ts lands: plain text (safe) preview.
export function GuidancePreview({ text }: { text: string }) {
  return <div class="guidance-body" data-testid="guidance-preview"><p style="white-space: pre-wrap">{text}</p></div>;
}
