// The page shown instead of the panel when it cannot get in: no token, or one the server refuses.
import icon from '../../../assets/icon.svg';

export function AccessCard({ children }: { children: React.ReactNode }) {
  return (
    <div className="no-access" role="alert">
      <img src={icon} alt="" width={72} height={72} />
      <h1>Butterfly control panel</h1>
      <p>{children}</p>
    </div>
  );
}
