/**
 * A text box's draft that follows its value when the value changes from outside (back/forward
 * restores other filters), and otherwise keeps what the user is typing. The draft is adjusted
 * during render, as React's docs advise for state derived from a prop, instead of in an effect
 * that would render twice.
 */
import { useState } from 'react';

export function useDraft(value: string): [string, (draft: string) => void] {
  const [draft, setDraft] = useState(value);
  const [followed, setFollowed] = useState(value);
  if (value !== followed) {
    setFollowed(value);
    setDraft(value);
  }
  return [draft, setDraft];
}
