/** Tells a family who their new contact person (kontaktperson) is after a handover. */
export function newContactMail({ coordinatorId }: { coordinatorId: string }): { subject: string; text: string } {
  return {
    subject: 'Ny kontaktperson i Børn og Familie',
    text: [
      'Kære familie',
      '',
      `Fra i dag er jeres kontaktperson i kommunen: ${coordinatorId}.`,
      'Det er den samme person, I skal kontakte om alle jeres sager, og som svarer på jeres henvendelser.',
      'Jeres nye kontaktperson sætter sig ind i sagen og kontakter jer snarest.',
      '',
      'Med venlig hilsen',
      'Børn og Familie',
    ].join('\n'),
  };
}
