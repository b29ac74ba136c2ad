/**
 * Long labels in every script a heat map must draw unclipped: one
 * representative word or phrase per script, the widest letters of each.
 */
export const LONG_LABELS: Readonly<Record<string, string>> = {
  latin: 'WWMMmmww-Überweisungsgebühren',
  cyrillic: 'Щщ-Жж-ЮЫ-достопримечательностями',
  greek: 'ΩΜΨΦ-αλληλοσυμπληρωματικότητας',
  arabic: 'والمستشفيات-المتخصصة-بالأمراض',
  hebrew: 'שמשמש-והתמשמעויותיהם',
  devanagari: 'प्रतिनिधित्वकीजिएक्षत्रज्ञ',
  thai: 'กรุงเทพมหานครอมรรัตนโกสินทร์',
  cjk: '東京都庁舎の展望台から見える富士山',
  hangul: '대한민국서울특별시종로구세종대로',
  emoji: '👨‍👩‍👧🇩🇪😀👍🏽🏳️‍🌈',
};
