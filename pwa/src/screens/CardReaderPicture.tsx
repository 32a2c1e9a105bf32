/** A card reader taking a tapped card, a phone and a watch: what "insert or tap your card" looks like. Decorative. */
export function CardReaderPicture() {
  return (
    <svg class="reader-picture" viewBox="0 0 200 140" width="200" height="140" aria-hidden="true">
      <rect x="62" y="14" width="76" height="118" rx="10" fill="#1f2937" stroke="currentColor" stroke-width="3" />
      <rect x="72" y="26" width="56" height="40" rx="4" fill="#38bdf8" />
      <g fill="none" stroke="#0b1220" stroke-width="3" stroke-linecap="round">
        <path d="M92 38a10 10 0 0 1 0 16" />
        <path d="M99 33a17 17 0 0 1 0 26" />
        <path d="M106 28a24 24 0 0 1 0 36" />
      </g>
      <g fill="currentColor">
        <circle cx="84" cy="82" r="4" />
        <circle cx="100" cy="82" r="4" />
        <circle cx="116" cy="82" r="4" />
        <circle cx="84" cy="96" r="4" />
        <circle cx="100" cy="96" r="4" />
        <circle cx="116" cy="96" r="4" />
      </g>
      <rect x="8" y="40" width="48" height="32" rx="4" fill="#facc15" transform="rotate(-14 32 56)" />
      <rect x="14" y="48" width="12" height="9" rx="2" fill="#a16207" transform="rotate(-14 32 56)" />
      <rect x="150" y="30" width="34" height="60" rx="6" fill="#e5e7eb" stroke="currentColor" stroke-width="2" />
      <rect x="155" y="36" width="24" height="44" rx="2" fill="#0b1220" />
      <rect x="152" y="100" width="30" height="30" rx="8" fill="#e5e7eb" stroke="currentColor" stroke-width="2" />
      <rect x="157" y="105" width="20" height="20" rx="4" fill="#0b1220" />
      <path d="M160 94h14M160 136h14" stroke="currentColor" stroke-width="4" stroke-linecap="round" />
    </svg>
  );
}
