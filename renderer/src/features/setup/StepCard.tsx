// One numbered step of a client's setup: a card whose title carries its number.
import type { ReactNode } from 'react';

export function StepCard(props: { n: number; title: string; optional?: boolean; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="card step-card" aria-label={props.title}>
      <header className="card-header">
        <h2>
          <span className="step-number" aria-hidden>
            {props.n}
          </span>
          {props.title}
          {props.optional && <span className="pill">optional</span>}
        </h2>
        {props.actions && <div className="card-actions">{props.actions}</div>}
      </header>
      <div className="card-body">{props.children}</div>
    </section>
  );
}
