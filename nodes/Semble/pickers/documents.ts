import { gql } from '../shared/gql';

/**
 * The queries behind the node's searchable lists and dropdowns (listSearch.ts, loadOptions.ts).
 * They live apart because n8n takes every export of those two modules as a method. Each selects
 * only what a list shows: a patient's name and date of birth, never contact details.
 */

export const SEARCH_PATIENTS = gql`
	query SearchPatients($search: String, $pagination: Pagination) {
		patients(search: $search, pagination: $pagination) {
			data { id firstName lastName fullName dob }
			pageInfo { hasMore }
		}
	}
`;

export const SEARCH_STAFF = gql`
	query SearchStaff($pagination: Pagination, $options: UsersQueryOptions, $filters: UsersQueryFilters) {
		users(pagination: $pagination, options: $options, filters: $filters) {
			data { id firstName lastName fullName }
			pageInfo { hasMore }
		}
	}
`;

export const SEARCH_PRODUCTS = gql`
	query SearchProducts($search: String, $pagination: Pagination) {
		products(search: $search, pagination: $pagination) {
			data { id name }
			pageInfo { hasMore }
		}
	}
`;

export const SEARCH_LABELS = gql`
	query SearchLabels($pagination: Pagination) {
		labels(pagination: $pagination) {
			data { id title }
			pageInfo { hasMore }
		}
	}
`;

export const SEARCH_LOCATIONS = gql`
	query SearchLocations {
		practice { locations { id name groupName } }
	}
`;

export const SEARCH_APPOINTMENT_TYPES = gql`
	query SearchAppointmentTypes {
		practice { appointmentTypes { id title } }
	}
`;

export const GET_PAYMENT_TYPES = gql`
	query GetPaymentTypes {
		practice { paymentTypes { id name } }
	}
`;

export const GET_NUMBER_TYPES = gql`
	query GetNumberTypes {
		practice { practiceNumbers { id name idType primary deleted } }
	}
`;

export const SEARCH_BOOKINGS = gql`
	query SearchBookings($dateRange: DateRange, $pagination: Pagination) {
		bookings(dateRange: $dateRange, pagination: $pagination) {
			data { id start deleted doctor { fullName } appointment { title } }
			pageInfo { hasMore }
		}
	}
`;

export const SEARCH_INVOICES = gql`
	query SearchInvoices($dateRange: DateRange, $pagination: Pagination) {
		invoices(dateRange: $dateRange, pagination: $pagination) {
			data { id invoiceNumber date total outstanding patient { firstName lastName } }
			pageInfo { hasMore }
		}
	}
`;

/** A patient's own lists, for the fields that pick one entry of them (Remove Phone, Update Number …). */
export const PATIENT_PHONE_LIST = gql`
	query PatientPhoneList($id: ID!) {
		patient(id: $id) { id phones { phoneId phoneType phoneNumber } }
	}
`;

export const PATIENT_NUMBER_LIST = gql`
	query PatientNumberList($id: ID!) {
		patient(id: $id) { id numbers { id name value } }
	}
`;

export const PATIENT_ATTRIBUTE_LIST = gql`
	query PatientAttributeList($id: ID!) {
		patient(id: $id) { id customAttributes { id title } }
	}
`;

export const PATIENT_LABEL_LIST = gql`
	query PatientLabelList($id: ID!) {
		patient(id: $id) { id labels { id text } }
	}
`;
