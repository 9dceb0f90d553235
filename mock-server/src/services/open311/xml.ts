/**
 * The XML side of Open311: the same data as the JSON answers under the spec's element names.
 * JSON lists become a container element with one child per item (<services><service/>...),
 * nulls become empty elements (<account_id/>), and the document starts with the XML declaration.
 */
import { XMLBuilder } from 'fast-xml-parser'
import type { Discovery, Open311Error, Open311Service, ServiceDefinition, ServiceRequest } from '@contract/open311'

const builder = new XMLBuilder({ format: true, suppressEmptyNode: true, indentBy: '  ' })
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'

type XmlValue = string | number | boolean | null | undefined | XmlNode | XmlValue[]
interface XmlNode {
  [name: string]: XmlValue
}

/**
 * What XML 1.0 cannot carry (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates) becomes
 * U+FFFD, so one resident's text cannot break the document for every client.
 */
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
export const xmlSafe = (text: string) => text.replace(NOT_XML_CHAR, '\uFFFD')

/** Nulls as empty strings, so they render as empty elements instead of disappearing; text made XML-safe. */
function clean(value: XmlValue): XmlValue {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return xmlSafe(value)
  if (Array.isArray(value)) return value.map(clean)
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, clean(inner)]))
  return value
}

export function xmlDocument(root: string, content: XmlNode | XmlValue[] | string): string {
  return DECLARATION + builder.build({ [root]: clean(content as XmlValue) })
}

/** `<root><item/>...</root>`, with an empty root for an empty list. */
const list = (root: string, item: string, items: XmlNode[]) => xmlDocument(root, items.length ? { [item]: items as unknown as XmlValue[] } : '')

export const servicesXml = (services: Open311Service[]) => list('services', 'service', services as unknown as XmlNode[])

export const serviceDefinitionXml = (definition: ServiceDefinition) =>
  xmlDocument('service_definition', {
    service_code: definition.service_code,
    attributes: definition.attributes.length
      ? {
          attribute: definition.attributes.map((attribute) => ({
            ...attribute,
            values: attribute.values.length ? { value: attribute.values as unknown as XmlNode[] } : '',
          })),
        }
      : '',
  })

export const requestsXml = (requests: object[]) => list('service_requests', 'request', requests as XmlNode[])

export const serviceRequestsXml = (requests: ServiceRequest[]) => requestsXml(requests)

export const errorsXml = (errors: Open311Error[]) => list('errors', 'error', errors as unknown as XmlNode[])

export const discoveryXml = (discovery: Discovery) =>
  xmlDocument('discovery', {
    changeset: discovery.changeset,
    contact: discovery.contact,
    key_service: discovery.key_service,
    endpoints: {
      endpoint: discovery.endpoints.map((endpoint) => ({ ...endpoint, formats: { format: endpoint.formats } })),
    },
  })
