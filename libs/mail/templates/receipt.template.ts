/**
 * Receipt for a report of concern (kvittering for modtagelse af underretning, BL § 136).
 * It names no child and quotes nothing from the report: mail leaves the municipality.
 */
export interface ReceiptMailInput {
  reporterName: string;
  receivedAt: Date;
  reportId: string;
}

export function receiptMail({ reporterName, receivedAt, reportId }: ReceiptMailInput): { subject: string; text: string } {
  const when = new Intl.DateTimeFormat('da-DK', {
    timeZone: 'Europe/Copenhagen',
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(receivedAt);
  const reference = reportId.slice(0, 8).toUpperCase();
  return {
    subject: `Kvittering for modtagelse af underretning (ref. ${reference})`,
    text: [
      `Kære ${reporterName}`,
      '',
      `Kommunen bekræfter hermed, at vi ${when} har modtaget din underretning (reference ${reference}).`,
      '',
      'Underretningen vurderes inden for 24 timer. Af hensyn til tavshedspligten kan vi ikke oplyse om sagens videre forløb,',
      'medmindre du er fagperson med ret til en opfølgende orientering efter barnets lov § 136.',
      '',
      'Med venlig hilsen',
      'Børn og Familie',
    ].join('\n'),
  };
}
