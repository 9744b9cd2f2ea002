// Step (Windows): clear what Messenger cached from Microsoft's service in the registry.
import type { ClientSetupGuide } from '../../../../server/panel/contract';
import { saveFile } from '../../components/files';
import { InstallSteps } from '../certificates/InstallSteps';
import { StepCard } from './StepCard';

export function RegistryStep({ n, registry }: { n: number; registry: NonNullable<ClientSetupGuide['registry']> }) {
  return (
    <StepCard n={n} title={registry.title ?? 'Clear the server and lists Messenger cached'}>
      <p className="muted">
        {registry.intro ??
          'Messenger remembers the last Microsoft server it used and a copy of your lists. This file removes only those, nothing of your own settings.'}
      </p>
      <div className="download-row">
        <button type="button" className="primary" onClick={() => saveFile(registry.file)}>
          Download {registry.file.name}
        </button>
      </div>
      <InstallSteps steps={registry.steps} />
    </StepCard>
  );
}
