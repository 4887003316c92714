/**
 * Word lists for the seeded clinic. Contact details use ranges reserved for
 * fiction/testing so nothing the sandbox produces can reach a real person:
 * NHS numbers start with 999 (NHS test range), phones are Ofcom drama numbers,
 * email domains are example.* (RFC 2606).
 */

export const FEMALE_NAMES = [
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Sophia', 'Grace', 'Lily', 'Freya', 'Emily', 'Ivy', 'Ella',
  'Rosie', 'Evie', 'Florence', 'Poppy', 'Charlotte', 'Willow', 'Isabella', 'Sienna', 'Daisy', 'Phoebe',
  'Sarah', 'Emma', 'Rebecca', 'Laura', 'Hannah', 'Jessica', 'Rachel', 'Claire', 'Helen', 'Joanne',
  'Nicola', 'Victoria', 'Katherine', 'Louise', 'Gemma', 'Zoe', 'Priya', 'Aisha', 'Fatima', 'Siobhan',
  'Niamh', 'Eilidh', 'Catrin', 'Margaret', 'Susan', 'Patricia', 'Jennifer', 'Elizabeth', 'Anne', 'Jane',
  'Deborah', 'Amira', 'Zara', 'Yasmin', 'Chloe', 'Megan', 'Lucy', 'Harriet',
];

export const MALE_NAMES = [
  'Oliver', 'George', 'Noah', 'Arthur', 'Muhammad', 'Leo', 'Harry', 'Oscar', 'Archie', 'Henry', 'Theodore',
  'Freddie', 'Jack', 'Charlie', 'Thomas', 'James', 'William', 'Alfie', 'Joshua', 'Jacob', 'Daniel',
  'David', 'Michael', 'Paul', 'Mark', 'Andrew', 'Richard', 'Robert', 'Christopher', 'Matthew', 'Stephen',
  'Peter', 'John', 'Ian', 'Gareth', 'Rhys', 'Callum', 'Ewan', 'Connor', 'Declan', 'Ravi', 'Arjun',
  'Imran', 'Omar', 'Kwame', 'Tomasz', 'Luca', 'Samuel', 'Benjamin', 'Edward', 'Adam', 'Ryan', 'Liam',
  'Nathan', 'Sean', 'Patrick', 'Graham', 'Keith', 'Nigel', 'Simon',
];

export const SURNAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson',
  'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Thomas', 'Clarke',
  'Jackson', 'Wood', 'Harris', 'Edwards', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Hughes',
  'Moore', 'Clark', 'King', 'Harrison', 'Lewis', 'Baker', 'Lee', 'Allen', 'Morris', 'Khan', 'Scott',
  'Watson', 'Davis', 'Parker', 'James', 'Bennett', 'Young', 'Phillips', 'Richardson', 'Mitchell',
  'Bailey', 'Carter', 'Cook', 'Singh', 'Shaw', 'Bell', 'Collins', 'Morgan', 'Kelly', 'Begum', 'Miller',
  'Cox', 'Hussain', 'Marshall', 'Simpson', 'Price', 'Anderson', 'Adams', 'Wilkinson', 'Ali', 'Ahmed',
  'Foster', 'Ellis', 'Murphy', 'Chapman', 'Mason', 'Gray', 'Richards', 'Webb', 'Griffiths', 'Hunt',
  'Palmer', 'Campbell', 'Holmes', 'Mills', 'Rogers', 'Barnes', 'Knight', 'Matthews', 'Barker', "O'Brien",
  'Nowak', 'Okafor', 'Chen', 'Nguyen', 'Kaur', 'MacDonald', 'Fraser', 'Llewellyn', 'Smith-Jones', 'de Souza',
];

export const EMAIL_DOMAINS = ['example.com', 'example.co.uk', 'example.org', 'example.net', 'mail.example.com'];

/** Streets, and the cities/outward codes they are combined with. */
export const STREETS = [
  'High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Green Lane', 'Manor Road', 'Park Avenue',
  'Queens Road', 'Kings Road', 'Mill Lane', 'The Crescent', 'Albert Road', 'Grange Road', 'York Road',
  'Oxford Road', 'London Road', 'Chestnut Close', 'Willow Way', 'Beech Grove', 'Elm Terrace',
];

export const CITIES: { city: string; outward: string[]; weight: number }[] = [
  { city: 'London', outward: ['W1G', 'W1U', 'SW1V', 'SW11', 'SE1', 'SE22', 'E14', 'E1', 'N1', 'N16', 'NW3', 'W4', 'EC1V'], weight: 50 },
  { city: 'Manchester', outward: ['M1', 'M3', 'M14', 'M20', 'M21'], weight: 18 },
  { city: 'Salford', outward: ['M5', 'M6', 'M50'], weight: 4 },
  { city: 'Stockport', outward: ['SK1', 'SK4', 'SK7'], weight: 4 },
  { city: 'Croydon', outward: ['CR0', 'CR2'], weight: 5 },
  { city: 'Kingston upon Thames', outward: ['KT1', 'KT2'], weight: 3 },
  { city: 'St Albans', outward: ['AL1', 'AL3'], weight: 3 },
  { city: 'Bristol', outward: ['BS1', 'BS8'], weight: 3 },
  { city: 'Leeds', outward: ['LS1', 'LS6'], weight: 3 },
  { city: 'Birmingham', outward: ['B1', 'B15'], weight: 3 },
  { city: 'Edinburgh', outward: ['EH1', 'EH10'], weight: 2 },
  { city: 'Cardiff', outward: ['CF10', 'CF24'], weight: 2 },
];

/** Letters allowed in the inward part of a UK postcode. */
export const POSTCODE_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

export const LABELS: { title: string; color: string }[] = [
  { title: 'VIP', color: '#8e44ad' },
  { title: 'Insurance', color: '#2980b9' },
  { title: 'Self-pay', color: '#27ae60' },
  { title: 'Corporate', color: '#34495e' },
  { title: 'Safeguarding', color: '#c0392b' },
  { title: 'Physio Package', color: '#16a085' },
  { title: 'Newsletter', color: '#f39c12' },
  { title: 'Wheelchair Access', color: '#7f8c8d' },
];

export const INSURERS = ['Bupa', 'AXA Health', 'Vitality', 'Aviva', 'WPA', 'Simplyhealth'];
export const REFERRAL_SOURCES = ['Google', 'GP referral', 'Friend or family', 'Instagram', 'Employer', 'Returning patient', 'Insurer'];
export const OCCUPATIONS = ['Teacher', 'Nurse', 'Software Engineer', 'Accountant', 'Retired', 'Student', 'Solicitor', 'Builder', 'Chef', 'Civil Servant', null];

export const BOOKING_COMMENTS = [
  'Running injury, left knee', 'Referred by GP', 'Insurance pre-authorisation pending', 'Please bring previous scans',
  'Lower back pain, 3 weeks', 'Post-op review', 'Prefers morning appointments', 'Interpreter requested (Polish)',
  'Follow-up after blood results', 'Shoulder mobility check', 'New patient - forms sent', 'Rescheduled by phone',
];

export const CANCELLATION_REASONS = [
  'Patient cancelled by phone', 'Patient unwell', 'Clinician unavailable', 'Rescheduled', 'Cancelled online',
  'Insurance not approved',
];

export const FREE_TEXT_QUESTIONS: { section: string; question: string; answers: string[] }[] = [
  { section: 'Presenting complaint', question: 'Reason for visit', answers: ['Knee pain after running', 'Persistent lower back pain', 'Annual health check', 'Skin rash on forearm'] },
  { section: 'History', question: 'Relevant medical history', answers: ['None reported', 'Asthma (well controlled)', 'Type 2 diabetes', 'Previous ACL repair 2019'] },
  { section: 'Plan', question: 'Management plan', answers: ['Home exercise programme, review 2 weeks', 'Bloods requested', 'Refer to orthopaedics', 'Topical treatment, review 4 weeks'] },
];
