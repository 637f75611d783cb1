/**
 * The button that opens the alerts invitation. Its bell is drawn inline (our own path), not an
 * emoji: a system without an emoji font would show an empty box. The picture is hidden from
 * assistive technology; the word names the button.
 */
export function AlertsBell({ onClick, hidden }: { onClick: () => void; hidden: boolean }) {
  return (
    <button type="button" class="alerts-bell" onClick={onClick} hidden={hidden}>
      <svg class="alerts-bell__icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M12 2.5a1.3 1.3 0 0 1 1.3 1.3v.8A6.2 6.2 0 0 1 18.2 10.7v3.4l1.9 2.9a1 1 0 0 1-.8 1.5H4.7a1 1 0 0 1-.8-1.5l1.9-2.9v-3.4a6.2 6.2 0 0 1 4.9-6.1v-.8A1.3 1.3 0 0 1 12 2.5Z"
        />
        <path fill="currentColor" d="M9.4 19.6h5.2a2.6 2.6 0 0 1-5.2 0Z" />
      </svg>{' '}
      Alerts
    </button>
  );
}
