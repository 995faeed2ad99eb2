import { GuidanceText } from '../sidepanel/GuidanceText';

/**
 * The live preview of a stage's guidance: the very renderer the side panel uses (the parsed tree
 * from lib/playbook/guidance.ts as elements, never HTML; links http(s) only, opened in a new tab
 * with noopener noreferrer), so the manager sees what reps will see.
 */
export function GuidancePreview({ text }: { text: string }) {
  return <GuidanceText source={text} testId="guidance-preview" />;
}
