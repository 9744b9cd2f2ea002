// The panel's building blocks: a titled card, a page header, an empty state, a notice.
import type { ReactNode } from 'react';

export function Card(props: { title: ReactNode; actions?: ReactNode; children: ReactNode; className?: string; label?: string }) {
  return (
    <section className={`card ${props.className ?? ''}`} aria-label={props.label ?? (typeof props.title === 'string' ? props.title : undefined)}>
      <header className="card-header">
        <h2>{props.title}</h2>
        {props.actions && <div className="card-actions">{props.actions}</div>}
      </header>
      <div className="card-body">{props.children}</div>
    </section>
  );
}

export function PageHeader(props: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{props.title}</h1>
        {props.subtitle && <p className="page-subtitle">{props.subtitle}</p>}
      </div>
      {props.actions && <div className="page-actions">{props.actions}</div>}
    </header>
  );
}

export function EmptyState(props: { icon?: ReactNode; title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      {props.icon && <div className="empty-icon">{props.icon}</div>}
      <h3>{props.title}</h3>
      {props.children && <div className="empty-text">{props.children}</div>}
    </div>
  );
}

export function Notice(props: { kind: 'warning' | 'error' | 'info'; title: string; children?: ReactNode }) {
  return (
    <div className={`notice ${props.kind}`} role={props.kind === 'info' ? 'status' : 'alert'}>
      <strong>{props.title}</strong>
      {props.children && <div>{props.children}</div>}
    </div>
  );
}
