/**
 * Last line of defence: a rendering error inside a dataset page shows a message and a way back
 * instead of a blank console. Data errors are handled by the pages themselves.
 */
import { Component, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
}

export class DatasetErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <p className="error" role="alert">
        This page could not be shown. <a href="/datasets">Back to datasets</a>
      </p>
    );
  }
}
